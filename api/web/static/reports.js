// Report charts (chart.js, from the installed package). Each canvas carries its figures in
// data-chart; the table after it holds the same figures for anyone who cannot see the chart.
(function () {
  if (!window.Chart) { return; }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = JSON.parse(canvas.dataset.chart);
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d) { return { label: d.label, data: d.data, backgroundColor: d.color }; })
      },
      options: {
        animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        scales: {
          x: { stacked: !!spec.stacked, beginAtZero: true },
          y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  });
})();
