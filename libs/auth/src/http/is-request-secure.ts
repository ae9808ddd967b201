import type { Request } from 'express';

/** HTTPS as Express sees it: the socket, or X-Forwarded-Proto from a proxy the app trusts ('trust proxy'). */
export const isRequestSecure = (req: Request): boolean => req.secure;
