window.virtSriov = window.virtSriov || {};
// Keeps a log scrolled to its newest line while the reader is at the bottom; scrolling up stops following until
// the reader scrolls back down.
window.virtSriov.followLog = function (log) {
  const slack = 24;
  let following = true;
  log.addEventListener('scroll', function () {
    following = log.scrollTop + log.clientHeight >= log.scrollHeight - slack;
  });
  new MutationObserver(function () {
    if (following) {
      log.scrollTop = log.scrollHeight;
    }
  }).observe(log, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['style'] });
  log.scrollTop = log.scrollHeight;
};
