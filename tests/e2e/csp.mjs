// Content-Security-Policy violations of every page of a browser context, as the e2e tests of
// the strict policy (csp.test.mjs) and of the shadow-DOM mount (shadow.test.mjs) watch them.

/** The policy the reference server sends on the demo shop's pages (server/src/static_files/shop_page.rs). */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data:; connect-src 'self'";

/**
 * Records, for every page of `context` and across navigations, each `securitypolicyviolation`
 * event (a listener registered before any of the page's own scripts) and each console message
 * about the policy. Returns the live list: [{ page, directive, blocked, sample, source }].
 */
export async function recordViolations(context) {
  const found = [];
  await context.exposeBinding('__acwCspViolation', (source, v) => {
    found.push({ page: source.page.url(), ...v });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__acwCspViolation({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: String(e.blockedURI),
        sample: String(e.sample || ''),
        source: `${e.sourceFile}:${e.lineNumber}`,
      });
    }, true);
  });
  context.on('console', (m) => {
    if (/Content[ -]Security[ -]Policy|Refused to (load|execute|apply|evaluate|compile|connect)/i.test(m.text())) {
      found.push({ page: m.page()?.url(), directive: 'console', blocked: '', sample: m.text(), source: m.location().url });
    }
  });
  return found;
}
