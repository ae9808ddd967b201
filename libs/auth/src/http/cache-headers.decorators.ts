import { applyDecorators, CallHandler, ExecutionContext, NestInterceptor, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';

/** Sets response headers before the handler runs, so they are on error responses and `@Res()` handlers too. */
class ResponseHeadersInterceptor implements NestInterceptor {
  constructor(private readonly apply: (res: Response) => void) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') this.apply(context.switchToHttp().getResponse<Response>());
    return next.handle();
  }
}

/**
 * Django's never_cache: `Expires` now and `Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private`.
 * @publicApi
 */
export function NeverCache(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseInterceptors(
      new ResponseHeadersInterceptor((res) => {
        res.setHeader('Expires', new Date().toUTCString());
        res.setHeader('Cache-Control', 'max-age=0, no-cache, no-store, must-revalidate, private');
      }),
    ),
  );
}

/**
 * Django's xframe_options_deny / xframe_options_sameorigin: the `X-Frame-Options` header. Set before the handler,
 * so it replaces what an app-wide middleware (helmet) set earlier and a method's decorator replaces its class's, as
 * in Django the view's header wins over XFrameOptionsMiddleware's; a handler that sets the header itself still wins.
 * @publicApi
 */
export function XFrameOptions(value: 'DENY' | 'SAMEORIGIN' = 'DENY'): MethodDecorator & ClassDecorator {
  if (value !== 'DENY' && value !== 'SAMEORIGIN') throw new TypeError(`XFrameOptions: 'DENY' or 'SAMEORIGIN', not ${JSON.stringify(value)}.`);
  return applyDecorators(
    UseInterceptors(
      new ResponseHeadersInterceptor((res) => {
        res.setHeader('X-Frame-Options', value);
      }),
    ),
  );
}
