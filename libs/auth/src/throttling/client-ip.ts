import { isIPv6 } from 'node:net';
import type { Request } from 'express';

/**
 * The client address to throttle: Express' `req.ip`, which is the socket's
 * address unless the app trusts a proxy ('trust proxy'), so a forged
 * X-Forwarded-For counts for nothing. IPv4-mapped addresses become IPv4;
 * IPv6 counts per /64, the block one client usually holds.
 */
export function clientIpOf(request: Request | null | undefined): string | null {
  const raw = request?.ip ?? request?.socket?.remoteAddress;
  if (!raw) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw);
  if (mapped) return mapped[1];
  if (!isIPv6(raw)) return raw;
  return `${expandIPv6(raw).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head, tail = ''] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const fill = address.includes('::') ? Array(8 - left.length - right.length).fill('0') : [];
  return [...left, ...fill, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
