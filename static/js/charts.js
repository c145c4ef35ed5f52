/* Dashboard charts: each <figure data-chart="URL"> loads its numbers from a JSON endpoint and draws
   them with ECharts (served from our static files) as SVG, with a table view of the same numbers
   (the chart's text alternative, its rows linked to the records behind them). ECharts' SVG renderer
   and its rich-text tooltips write no inline style attribute, which the content-security policy
   refuses; a chart with nothing to show says so instead of drawing empty or equal slices.
   Endpoint shape: {"title", "type": bar|stacked|line|pie|funnel, "categories": [...],
   "series": [{"name", "data": [...]}], "links": [url per category, optional]}. */
(function () {
  "use strict";

  function option(spec, width) {
    var palette = ["#b3181f", "#d4a017", "#2f6eba", "#3c9a5f", "#8e5bb5", "#e07b39", "#5d6d7e", "#17a2b8"];
    if (spec.type === "pie" || spec.type === "funnel") {
      var data = spec.categories.map(function (name, i) { return { name: name, value: spec.series[0].data[i] }; });
      return {
        color: palette,
        aria: { enabled: true },
        tooltip: { trigger: "item", renderMode: "richText" },
        legend: { type: "scroll", bottom: 0 },
        series: [{
          type: spec.type, name: spec.series[0].name, data: data,
          radius: spec.type === "pie" ? ["35%", "65%"] : undefined,
          sort: spec.type === "funnel" ? "descending" : undefined,
          label: { show: width > 480, formatter: "{b}: {c}" }
        }]
      };
    }
    var horizontal = spec.horizontal === true;
    var categoryAxis = { type: "category", data: spec.categories, axisLabel: { interval: 0, rotate: horizontal ? 0 : (spec.categories.length > 8 ? 40 : 0) } };
    var valueAxis = { type: "value", minInterval: 1 };
    return {
      color: palette,
      aria: { enabled: true },
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: spec.series.length > 1 ? { type: "scroll", bottom: 0 } : undefined,
      grid: { left: 8, right: 16, top: 24, bottom: spec.series.length > 1 ? 48 : 16, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: spec.series.map(function (s) {
        return { name: s.name, type: spec.type === "line" ? "line" : "bar", data: s.data,
                 stack: spec.type === "stacked" ? "total" : undefined, smooth: spec.type === "line" };
      })
    };
  }

  function table(spec) {
    var t = document.createElement("table");
    var head = "<thead><tr><th scope=\"col\"></th>" + spec.series.map(function (s) {
      return "<th scope=\"col\">" + escape(s.name) + "</th>";
    }).join("") + "</tr></thead>";
    var rows = spec.categories.map(function (c, i) {
      var label = spec.links && spec.links[i] ? "<a href=\"" + escape(spec.links[i]) + "\">" + escape(c) + "</a>" : escape(c);
      return "<tr><th scope=\"row\">" + label + "</th>" + spec.series.map(function (s) {
        return "<td>" + escape(s.data[i]) + "</td>";
      }).join("") + "</tr>";
    }).join("");
    t.innerHTML = head + "<tbody>" + rows + "</tbody>";
    return t;
  }

  function isEmpty(spec) {
    return !spec.categories.length || spec.series.every(function (s) {
      return s.data.every(function (value) { return !value; });
    });
  }

  function escape(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function draw(figure) {
    var canvas = figure.querySelector(".chart");
    var tableBox = figure.querySelector(".chart-table");
    var toggle = figure.querySelector(".chart-toggle");
    fetch(figure.dataset.chart, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (spec) {
        if (isEmpty(spec)) {
          canvas.removeAttribute("role");
          canvas.classList.add("empty");
          canvas.textContent = figure.dataset.emptyText;
          toggle.hidden = true;
          figure.querySelector(".chart-hint").hidden = true;
          figure.dataset.state = "empty";
          return;
        }
        var chart = echarts.init(canvas, null, { renderer: "svg" });
        chart.setOption(option(spec, canvas.clientWidth));
        if (spec.links) {
          chart.on("click", function (event) {
            var url = spec.links[event.dataIndex];
            if (url) { window.location.href = url; }
          });
        }
        window.addEventListener("resize", function () { chart.resize(); });
        tableBox.replaceChildren(table(spec));
        figure.dataset.state = "ready";
      })
      .catch(function () {
        canvas.textContent = figure.dataset.errorText || "—";
        figure.dataset.state = "error";
      });
    toggle.addEventListener("click", function () {
      var showTable = tableBox.hidden;
      tableBox.hidden = !showTable;
      canvas.hidden = showTable;
      toggle.setAttribute("aria-expanded", String(showTable));
    });
  }

  document.querySelectorAll("figure[data-chart]").forEach(draw);
})();
