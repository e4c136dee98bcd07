// Records Content-Security-Policy violations from the start of the page, as window.__violations.
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
