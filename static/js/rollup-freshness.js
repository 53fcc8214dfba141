// The freshness page's progress bar: while a full rebuild runs, poll the status every two
// seconds and move the bar; when the run ends, reload so the table of runs shows it.
// Progressive enhancement: without this file the page shows the progress at load time.
(function () {
  "use strict";
  var INTERVAL_MS = 2000;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  function start(section) {
    var label = document.getElementById("rebuild-label");
    var bar = document.getElementById("rebuild-progress");
    var runId = section.getAttribute("data-running");
    if (!label || !bar || !runId) {
      return;
    }
    function poll() {
      fetch(section.getAttribute("data-status-url"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.json();
        })
        .then(function (status) {
          var run = status.running;
          if (!run || String(run.id) !== runId) {
            label.textContent = fill(section.getAttribute("data-label-finished"), {
              outcome: status.last_success ? status.last_success.outcome_label : "",
            });
            window.location.reload();
            return;
          }
          if (run.buckets_total > 0) {
            bar.max = run.buckets_total;
            bar.value = run.buckets_done;
            bar.textContent = run.percent + "%";
            label.textContent = fill(section.getAttribute("data-label-running"), {
              done: run.buckets_done,
              total: run.buckets_total,
              percent: run.percent,
            });
          } else {
            label.textContent = section.getAttribute("data-label-queued");
          }
          window.setTimeout(poll, INTERVAL_MS);
        })
        .catch(function () {
          window.setTimeout(poll, INTERVAL_MS * 5);
        });
    }
    window.setTimeout(poll, INTERVAL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("rebuild");
    if (section) {
      start(section);
    }
  });
})();
