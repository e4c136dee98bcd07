// Records what would be a page error or a console error, for engines whose driver cannot report
// them (WebKitWebDriver); read back as window.__awErrors. A wasm panic shows up as both.
window.__awErrors = [];
window.addEventListener('error', (e) => window.__awErrors.push(`pageerror: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => window.__awErrors.push(`pageerror: ${e.reason}`));
{
  const original = console.error;
  console.error = (...args) => {
    window.__awErrors.push(`console: ${args.map(String).join(' ')}`);
    original.apply(console, args);
  };
}
