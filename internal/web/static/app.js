// Giao Ban: small progressive enhancement. Every page works without it.
(function () {
  "use strict";
  var csrfInput = document.querySelector('input[name="csrf"]');
  var csrf = csrfInput ? csrfInput.value : "";
  window.giaoban = { csrf: csrf };

  // Tree rows: arrow keys move between units.
  var tree = document.getElementById("cay-don-vi");
  if (tree) {
    tree.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var row = e.target.closest("tr");
      if (!row) return;
      var next = e.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
      var link = next && next.querySelector("a");
      if (link) { link.focus(); e.preventDefault(); }
    });
  }

  var form = document.getElementById("bieu-mau-bao-cao");
  if (!form || form.dataset.editable !== "true") return;

  var api = form.dataset.api;
  var storeKey = "giaoban:nhap:" + api;
  var status = document.getElementById("trang-thai-luu");
  var versionInput = form.querySelector('input[name="version"]');
  var cells = Array.prototype.slice.call(form.querySelectorAll(".value input, .value select, .value textarea"));

  function say(msg) { if (status) status.textContent = msg; }
  function now() { var d = new Date(); return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2); }

  // Keyboard: Enter or arrow keys move down and up the value column, as in a
  // spreadsheet; Enter never submits the form from a value cell.
  form.addEventListener("keydown", function (e) {
    var i = cells.indexOf(e.target);
    if (i < 0 || e.target.tagName === "TEXTAREA") return;
    var step = 0;
    if (e.key === "Enter" || e.key === "ArrowDown") step = e.shiftKey && e.key === "Enter" ? -1 : 1;
    if (e.key === "ArrowUp") step = -1;
    if (!step) return;
    var next = cells[i + step];
    if (next) { next.focus(); if (next.select) next.select(); }
    e.preventDefault();
  });

  function collect() {
    var body = { version: parseInt(versionInput.value, 10) || 0, values: {}, comments: {}, narrative: {} };
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      var dot = el.name.indexOf(".");
      if (dot < 0) return;
      var kind = el.name.slice(0, dot), key = el.name.slice(dot + 1);
      if (kind === "v") body.values[key] = el.value;
      else if (kind === "c") body.comments[key] = el.value;
      else if (kind === "n") body.narrative[key] = el.value;
    });
    return body;
  }

  function apply(saved) {
    Object.keys(saved.values || {}).forEach(function (k) { var el = form.elements["v." + k]; if (el) el.value = saved.values[k]; });
    Object.keys(saved.comments || {}).forEach(function (k) { var el = form.elements["c." + k]; if (el) el.value = saved.comments[k]; });
    Object.keys(saved.narrative || {}).forEach(function (k) { var el = form.elements["n." + k]; if (el) el.value = saved.narrative[k]; });
  }

  // A draft kept in the browser survives a closed tab; it is offered back
  // when it was based on the version the server still has.
  try {
    var kept = JSON.parse(localStorage.getItem(storeKey) || "null");
    if (kept && kept.body && kept.body.version === (parseInt(versionInput.value, 10) || 0) &&
        JSON.stringify(kept.body) !== JSON.stringify(collect())) {
      var bar = document.createElement("p");
      bar.className = "notice";
      bar.id = "khoi-phuc";
      bar.textContent = "Có bản nháp chưa lưu trên máy này (lúc " + kept.at + "). ";
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = "Khôi phục";
      btn.addEventListener("click", function () { apply(kept.body); bar.remove(); schedule(); });
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "secondary";
      drop.textContent = "Bỏ qua";
      drop.addEventListener("click", function () { localStorage.removeItem(storeKey); bar.remove(); });
      bar.appendChild(btn); bar.appendChild(document.createTextNode(" ")); bar.appendChild(drop);
      form.parentNode.insertBefore(bar, form);
    }
  } catch (e) { /* storage unavailable: plain form */ }

  var timer = null, stopped = false, inflight = false;
  function schedule() {
    if (stopped) return;
    try { localStorage.setItem(storeKey, JSON.stringify({ at: now(), body: collect() })); } catch (e) {}
    say("Chưa lưu…");
    clearTimeout(timer);
    timer = setTimeout(save, 2000);
  }

  function save() {
    if (stopped) return;
    if (inflight) { timer = setTimeout(save, 500); return; }
    inflight = true;
    var body = collect();
    fetch(api, {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().then(function (data) { return { status: res.status, data: data }; });
    }).then(function (r) {
      inflight = false;
      form.querySelectorAll(".autosave-error").forEach(function (el) { el.remove(); });
      if (r.status === 200) {
        versionInput.value = r.data.version;
        form.dataset.version = r.data.version;
        try { localStorage.removeItem(storeKey); } catch (e) {}
        say("Đã tự động lưu lúc " + now() + " (phiên bản " + r.data.version + ").");
      } else if (r.status === 409) {
        stopped = true;
        say(r.data.error + " Tải lại trang để xem bản mới; thay đổi của bạn vẫn giữ trên máy này.");
      } else if (r.status === 422 && r.data.fields) {
        say("Có giá trị chưa hợp lệ; chưa lưu.");
        Object.keys(r.data.fields).forEach(function (f) {
          var el = form.elements[f.replace(/^values\./, "v.").replace(/^comments\./, "c.").replace(/^narrative\./, "n.")];
          if (!el) return;
          var p = document.createElement("p");
          p.className = "field-error autosave-error";
          p.textContent = r.data.fields[f];
          el.parentNode.appendChild(p);
        });
      } else {
        say(r.data.error || "Không tự động lưu được; hãy bấm “Lưu nháp”.");
      }
    }).catch(function () { inflight = false; say("Mất kết nối; bản nháp vẫn giữ trên máy này."); });
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function () { stopped = true; clearTimeout(timer); try { localStorage.removeItem(storeKey); } catch (e) {} });
})();

// Consolidation: copy one narrative section (every unit's text) for the drafter.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var sec = btn.closest("section");
      var parts = [];
      sec.querySelectorAll(".item").forEach(function (it) {
        parts.push(it.querySelector("strong").textContent + ": " + it.querySelector(".text").textContent);
      });
      var text = parts.join("\n\n");
      if (navigator.clipboard) {
        navigator.clipboard.writeText(text).then(function () { btn.textContent = "Đã sao chép"; });
      }
    });
  });
})();
