// weixin-js-sdk is published for bundlers and ends with module.exports = wx: give it a place to put it.
// Only "module" is defined (not "exports"), so other UMD scripts on the page still attach to window.
window.module = { exports: {} };
