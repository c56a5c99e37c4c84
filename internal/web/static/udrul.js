// udrul's only script of its own, next to htmx: when an htmx request cannot
// show its answer in place, the page falls back to what it does without
// JavaScript, so nothing is silently lost.
(function () {
  'use strict';
  // A refused or failed request whose answer is not a fragment (signed out,
  // forbidden, server error, network down): repeat it as an ordinary page
  // request, which shows the full page with its message.
  function fallBack(e) {
    var elt = e.detail.elt;
    if (elt instanceof HTMLFormElement) {
      elt.submit();
    } else if (e.detail.pathInfo && e.detail.pathInfo.requestPath) {
      window.location.assign(e.detail.pathInfo.requestPath);
    }
  }
  document.addEventListener('htmx:responseError', fallBack);
  document.addEventListener('htmx:sendError', fallBack);
  // A request redirected to another page (the login page after the session
  // ended) is followed as a whole page instead of swapped into this one.
  document.addEventListener('htmx:beforeSwap', function (e) {
    var xhr = e.detail.xhr;
    if (!xhr || !xhr.responseURL) return;
    var got = new URL(xhr.responseURL, window.location.href);
    var asked = new URL(e.detail.pathInfo.finalRequestPath || e.detail.pathInfo.requestPath, window.location.href);
    if (got.pathname !== asked.pathname) {
      e.detail.shouldSwap = false;
      window.location.assign(got.href);
    }
  });
})();
