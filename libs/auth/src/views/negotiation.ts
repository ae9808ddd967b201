import type { Request } from 'express';
import { wantsHtml } from '../guards/redirect-to-login';

/** JSON for API clients: a JSON body, JSON preferred over HTML in Accept, or an XMLHttpRequest. */
export function wantsJson(req: Request): boolean {
  return Boolean(req.is('application/json')) || !wantsHtml(req);
}

/** The posted fields (a form post or a JSON object); anything else is no data. */
export function postedData(req: Request): Record<string, unknown> {
  const body = req.body as unknown;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** Django's `request.POST.get(name, request.GET.get(name))` for a string parameter: the last value of a list, as QueryDict.get. */
export function paramOf(req: Request, name: string): string | undefined {
  const fromBody = lastString(postedData(req)[name]);
  if (fromBody !== undefined) return fromBody;
  return lastString((req.query as Record<string, unknown> | undefined)?.[name]);
}

function lastString(value: unknown): string | undefined {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : undefined;
}
