// Draws the maturity trend (total score of each self-assessment) from the page's JSON data
// (the "maturity-chart-data" script element). Progressive enhancement: the table beside the
// chart has every figure.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var island = document.getElementById("maturity-chart-data");
    var canvas = document.getElementById("maturity-chart");
    if (!island || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(island.textContent);
    var reduceMotion = window.matchMedia &&
      window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label,
          data: data.totals,
          borderColor: "#0b5c6b",
          backgroundColor: "#0b5c6b",
          borderWidth: 3,
          pointRadius: 5,
          tension: 0
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 300 },
        scales: {
          y: {
            min: 0,
            max: data.maximum,
            title: { display: true, text: data.axis }
          }
        },
        plugins: { legend: { display: false } }
      }
    });
  });
}());
