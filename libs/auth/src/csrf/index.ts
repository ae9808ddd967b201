export { CsrfService, CSRF_FORM_FIELD } from './csrf.service';
export { CsrfGuard, GlobalCsrfGuard } from './csrf.guard';
export { CsrfProtect, CsrfExempt } from './csrf.decorators';
export { CsrfFailureException } from './csrf-failure.exception';
export { CsrfFailureFilter, csrfFailurePage } from './csrf-failure.filter';
export { csrfContext } from './csrf-context';
export type { CsrfTemplateContext } from './csrf-context';
export type { CsrfOptions, ResolvedCsrfOptions } from './csrf-options.interface';
export {
  CSRF_ALLOWED_CHARS,
  CSRF_SECRET_LENGTH,
  CSRF_TOKEN_LENGTH,
  CSRF_SESSION_KEY,
  InvalidCsrfTokenFormat,
  maskCipherSecret,
  unmaskCipherToken,
  checkTokenFormat,
  doesTokenMatch,
  parseCsrfToken,
  getNewCsrfString,
} from './csrf-token';
