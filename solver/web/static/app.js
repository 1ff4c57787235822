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

// The class page: a click on a student's week fills the "one week of one student" form
// (the form itself works without a mouse or script).
(function () {
  "use strict";
  var form = document.getElementById("week-form");
  if (!form) { return; }
  var sid = document.getElementById("week-sid");
  var week = document.getElementById("week-monday");
  var picked = null;
  document.addEventListener("click", function (ev) {
    var cell = ev.target.closest ? ev.target.closest("table.grid tbody td[data-week]") : null;
    if (!cell) { return; }
    var row = cell.closest("tr[data-student]");
    if (!row) { return; }
    sid.value = row.getAttribute("data-student");
    week.value = cell.getAttribute("data-week");
    if (picked) { picked.classList.remove("picked"); }
    picked = cell;
    cell.classList.add("picked");
    form.scrollIntoView({block: "nearest"});
    week.focus();
  });
})();
