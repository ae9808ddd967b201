import type { Request, Response } from 'express';
import type { CsrfService } from './csrf.service';
import { CSRF_FORM_FIELD } from './csrf.service';
import { escapeHtml } from '../utils/escape-html';

const CSRF_SERVICE = Symbol('auth:csrfService');

/** Called once at start-up, so csrfContext finds the service through the Express app as templates do. */
export function registerCsrfService(expressApp: { locals: object }, service: CsrfService): void {
  (expressApp.locals as Record<symbol, CsrfService>)[CSRF_SERVICE] = service;
}

/** Django's csrf context processor, for a template context. */
export interface CsrfTemplateContext {
  /** A masked token (Django's `{{ csrf_token }}`). */
  csrf_token: string;
  /** The hidden form field (Django's `{% csrf_token %}` / `{{ csrf_input }}` in Jinja2). */
  csrf_input: string;
}

/**
 * `{ csrf_token, csrf_input }` for a template: the token (the CSRF cookie or session entry is set as needed)
 * and Django's hidden field `<input type="hidden" name="csrfmiddlewaretoken" value="…">`.
 * @publicApi
 */
export async function csrfContext(req: Request, res: Response | undefined = req.res): Promise<CsrfTemplateContext> {
  const service = (req.app?.locals as Record<symbol, CsrfService | undefined> | undefined)?.[CSRF_SERVICE];
  if (!service) throw new Error('csrfContext needs AuthModule in an Express app (AuthModule.forRoot/forRootAsync in the root module).');
  const token = await service.getToken(req, res);
  return { csrf_token: token, csrf_input: `<input type="hidden" name="${CSRF_FORM_FIELD}" value="${escapeHtml(token)}">` };
}
