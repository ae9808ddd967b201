import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { CSRF_EXEMPT, CsrfGuard } from './csrf.guard';

/**
 * Django's csrf_protect: unsafe-method requests to this handler or controller need a valid CSRF token.
 * @publicApi
 */
export function CsrfProtect(): MethodDecorator & ClassDecorator {
  return applyDecorators(UseGuards(CsrfGuard));
}

/**
 * Django's csrf_exempt: no CSRF check here, even with `csrf.global` or `@CsrfProtect()` on the controller.
 * @publicApi
 */
export function CsrfExempt(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(CSRF_EXEMPT, true));
}
