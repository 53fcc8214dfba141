// Draws each dashboard chart from the page's JSON data (the "dashboard-charts" script element).
// Progressive enhancement: every figure is also in the table beside its chart.
(function () {
  "use strict";

  var COLOURS = {
    citizen: "#1e6b34", // citizen inputs: the accounts' green
    public: "#073f4a"   // public inputs: the brand's dark teal
  };

  function numbers(values) {
    return values.map(function (value) {
      return value === null ? null : parseFloat(value);
    });
  }

  function moneyFormatter(currency) {
    try {
      var format = new Intl.NumberFormat(document.documentElement.lang || "en-GB", {
        style: "currency",
        currency: currency,
        maximumFractionDigits: 0
      });
      return function (value) { return format.format(value); };
    } catch (error) {
      return function (value) { return value + " " + currency; };
    }
  }

  function draw(canvas, spec) {
    var money = moneyFormatter(spec.currency);
    var horizontal = spec.kind === "bar";
    if (horizontal && canvas.parentNode) {
      // Room for every category's label and bars: taller boxes for longer lists.
      // (A CSSOM property, not a style attribute: the CSP allows it.)
      canvas.parentNode.style.height = Math.max(12, 3 + spec.labels.length * 2.4) + "rem";
    }
    var reduceMotion = window.matchMedia &&
      window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var datasets = spec.series.map(function (series) {
      var colour = COLOURS[series.key] || "#505a64";
      return {
        label: series.label,
        data: numbers(series.data),
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: 2,
        pointRadius: 3,
        tension: 0
      };
    });
    var valueAxis = {
      beginAtZero: true,
      ticks: { callback: function (value) { return money(value); } }
    };
    return new window.Chart(canvas, {
      type: spec.kind === "line" ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 300 },
        indexAxis: horizontal ? "y" : "x",
        scales: horizontal
          ? { x: valueAxis, y: { ticks: { autoSkip: false } } }
          : { y: valueAxis },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = horizontal ? context.parsed.x : context.parsed.y;
                return context.dataset.label + ": " + money(value);
              }
            }
          }
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var island = document.getElementById("dashboard-charts");
    if (!island || typeof window.Chart === "undefined") {
      return;
    }
    var charts = JSON.parse(island.textContent);
    var canvases = document.querySelectorAll("canvas[data-chart]");
    Array.prototype.forEach.call(canvases, function (canvas) {
      var spec = charts[canvas.getAttribute("data-chart")];
      if (spec) {
        draw(canvas, spec);
      }
    });
  });
})();
