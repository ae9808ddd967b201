import { csrfFailurePage } from './csrf-failure.filter';

describe('csrfFailurePage', () => {
  it("outside development: Django's page without the reason", () => {
    const page = csrfFailurePage('CSRF token missing.', false);
    expect(page).toContain('<p>CSRF verification failed. Request aborted.</p>');
    expect(page).not.toContain('CSRF token missing.');
    expect(page).toContain('More information is available with the development option.');
  });

  it('in development: the reason, escaped', () => {
    const reason = 'Origin checking failed - http://a"<script>x</script> does not match any trusted origins.';
    const page = csrfFailurePage(reason, true);
    expect(page).toContain('<pre>Origin checking failed - http://a&quot;&lt;script&gt;x&lt;/script&gt; does not match any trusted origins.</pre>');
    expect(page).not.toContain('<script>');
  });
});
