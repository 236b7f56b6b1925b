// The case's diagram with completed, current and waiting steps marked. The step list on the
// page says the same in words for people who cannot see the picture.
(function () {
  var container = document.getElementById("case-diagram");
  if (!container || !window.BpmnJS) { return; }
  fetch(container.dataset.source, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var viewer = new window.BpmnJS({ container: container });
      return viewer.importXML(data.xml).then(function () {
        var canvas = viewer.get("canvas");
        canvas.zoom("fit-viewport");
        [["completed", data.completed], ["current", data.current], ["waiting", data.waiting]].forEach(function (pair) {
          pair[1].forEach(function (id) { try { canvas.addMarker(id, pair[0]); } catch (e) { /* not drawn */ } });
        });
        container.dataset.ready = "true";
      });
    })
    .catch(function () { container.textContent = "The diagram could not be shown; the steps are listed below."; });
})();
