// Cases opened and closed per month; the table under the chart holds the same figures.
(function () {
  var canvas = document.getElementById("cases-per-month");
  if (!canvas || !window.Chart) { return; }
  var figures = JSON.parse(canvas.dataset.figures);
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: figures.map(function (f) { return f.month; }),
      datasets: [
        { label: "Opened", data: figures.map(function (f) { return f.opened; }), backgroundColor: "#1d70b8" },
        { label: "Closed", data: figures.map(function (f) { return f.closed; }), backgroundColor: "#00703c" }
      ]
    },
    options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
