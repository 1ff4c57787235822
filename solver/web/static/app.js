// stageplan web page: poll a running job and reload when it is done (no framework).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var id = box.getAttribute("data-job");
  var bar = document.getElementById("job-progress");
  var elapsed = document.getElementById("job-elapsed");
  function poll() {
    fetch("/api/jobs/" + encodeURIComponent(id), {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (bar) { bar.value = s.progress; }
        if (elapsed) { elapsed.textContent = String(s.elapsed); }
        var queued = document.getElementById("job-queued");
        if (queued) { queued.hidden = !s.queued; }
        if (s.done) { window.location.reload(); } else { window.setTimeout(poll, 500); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
})();
