// The print button of the printable views (a file, not inline, for the CSP's script-src 'self').
document.getElementById('print-now')?.addEventListener('click', () => window.print());
