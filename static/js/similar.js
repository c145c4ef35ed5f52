/* While a member types a proposal's title, list the committee's similar existing proposals
   (GET <section data-url>?title=…, JSON {"results": [{"title", "state_display", "url"}]}). */
(function () {
  "use strict";
  var input = document.querySelector("[data-similar=title]");
  var box = document.querySelector(".similar[data-url]");
  if (!input || !box) { return; }
  var list = document.getElementById("similar-list");
  var none = document.getElementById("similar-none");
  var timer = null;
  var latest = 0;

  function show(results) {
    list.textContent = "";
    results.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      link.target = "_blank";
      link.rel = "noopener";
      var state = document.createElement("span");
      state.className = "badge";
      state.textContent = item.state_display;
      li.appendChild(link);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(state);
      list.appendChild(li);
    });
    none.hidden = results.length > 0;
  }

  function look() {
    var title = input.value.trim();
    var asked = ++latest;
    if (title.length < 2) { show([]); return; }
    fetch(box.dataset.url + "?title=" + encodeURIComponent(title), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (asked === latest) { show(data.results || []); } })
      .catch(function () { show([]); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(look, 300);
  });
  look();
}());
