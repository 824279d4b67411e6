window.virtSriov = window.virtSriov || {};
window.virtSriov.copyText = function (text) {
  return navigator.clipboard.writeText(text);
};
