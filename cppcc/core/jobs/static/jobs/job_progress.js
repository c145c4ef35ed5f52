// A job's page: poll the job's status every second until it is done or failed, and move the
// progress bar; then show the download link, or the failure with each row's errors.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var url = box.dataset.statusUrl;
  function el(id) { return document.getElementById(id); }

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function draw(status) {
    el("job-bar").value = status.percent;
    el("job-bar").textContent = status.percent + "%";
    el("job-percent").textContent = status.percent;
    el("job-state").textContent = status.state_display;
    el("job-done").textContent = status.done;
    el("job-total").textContent = status.total;
    el("job-message").textContent = status.message;
    el("job-message").hidden = !status.message;
    if (status.file) {
      el("job-file").href = status.file;
      el("job-filename").textContent = status.filename;
    }
    el("job-download").hidden = !status.file;
    el("job-expired").hidden = !status.expired;
    el("job-failure").hidden = status.state !== "failed";
    el("job-error").textContent = status.error;
    var rows = status.report.map(function (row) {
      var tr = document.createElement("tr");
      tr.append(cell(row.number), cell(row.title), cell(row.errors.join("；")));
      return tr;
    });
    var body = el("job-report").tBodies[0];
    body.replaceChildren.apply(body, rows);
    el("job-report").hidden = rows.length === 0;
    box.dataset.state = status.state;
  }

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (status) {
        el("job-retry").hidden = true;
        draw(status);
        if (status.state === "queued" || status.state === "running") { setTimeout(refresh, 1000); }
      })
      .catch(function () {
        el("job-retry").hidden = false;
        setTimeout(refresh, 3000);
      });
  }

  if (box.dataset.state === "queued" || box.dataset.state === "running") { setTimeout(refresh, 500); }
}());
