import { join } from 'node:path';
import * as nunjucks from 'nunjucks';
import type { AccountUrls } from './account-urls';

/** The library's default templates (registration/*.html), copied beside the compiled code. */
export const LIBRARY_TEMPLATES_DIR = join(__dirname, '..', 'templates');

/**
 * The account pages' template engine: nunjucks (nearly Django's syntax), autoescaping on, looking in the app's
 * folders first and then the library's, so an app's `registration/login.html` replaces the default one.
 * Templates get Django's `{{ url('password_reset_confirm', { uidb64: uid, token: token }) }}`.
 */
export class AccountTemplates {
  private readonly env: nunjucks.Environment;

  constructor(dirs: readonly string[], urls: AccountUrls, development = false) {
    const loader = new nunjucks.FileSystemLoader([...dirs, LIBRARY_TEMPLATES_DIR], { noCache: development });
    this.env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
    this.env.addGlobal('url', (name: string, params?: Record<string, unknown>) => urls.reverse(name, params));
  }

  render(name: string, context: Record<string, unknown>): Promise<string> {
    return new Promise((resolve, reject) => {
      this.env.render(name, context, (error, result) => (error ? reject(error) : resolve(result ?? '')));
    });
  }
}
