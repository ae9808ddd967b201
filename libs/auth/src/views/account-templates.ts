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
  private readonly html: nunjucks.Environment;
  private readonly text: nunjucks.Environment;

  constructor(dirs: readonly string[], urls: AccountUrls, development = false) {
    const loader = new nunjucks.FileSystemLoader([...dirs, LIBRARY_TEMPLATES_DIR], { noCache: development });
    const url = (name: string, params?: Record<string, unknown>) => urls.reverse(name, params);
    this.html = new nunjucks.Environment(loader, { autoescape: true }).addGlobal('url', url);
    // Plain-text emails (Django wraps them in {% autoescape off %}, which nunjucks expresses per environment).
    this.text = new nunjucks.Environment(loader, { autoescape: false }).addGlobal('url', url);
  }

  /** An HTML page or HTML email: every value escaped unless marked `| safe`. */
  render(name: string, context: Record<string, unknown>): Promise<string> {
    return renderWith(this.html, name, context);
  }

  /** A plain-text template (the reset email's subject and body): nothing escaped. */
  renderText(name: string, context: Record<string, unknown>): Promise<string> {
    return renderWith(this.text, name, context);
  }
}

function renderWith(env: nunjucks.Environment, name: string, context: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    env.render(name, context, (error, result) => (error ? reject(error) : resolve(result ?? '')));
  });
}
