// The workbench's only script: live progress, sliders mirrored in number fields, the
// report frame sized to its content, and the upload size checked before sending.
// Pages work without it (a run page then refreshes itself every few seconds).
"use strict";

function pollProgress(panel) {
  const url = panel.dataset.url;
  const tick = () => {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then((response) => response.json())
      .then((progress) => {
        if (progress.final) {
          window.location.reload();
          return;
        }
        panel.querySelectorAll("[data-field]").forEach((element) => {
          element.textContent = progress[element.dataset.field];
        });
        window.setTimeout(tick, 1000);
      })
      .catch(() => window.setTimeout(tick, 3000));
  };
  window.setTimeout(tick, 1000);
}

function mirrorSliders() {
  document.querySelectorAll("input[data-mirror]").forEach((slider) => {
    const field = document.getElementById(slider.dataset.mirror);
    if (!field) {
      return;
    }
    slider.addEventListener("input", () => { field.value = slider.value; });
    field.addEventListener("input", () => { slider.value = field.value; });
  });
}

function fitReport() {
  const frame = document.getElementById("report-frame");
  if (!frame) {
    return;
  }
  const fit = () => {
    const page = frame.contentDocument;
    if (page && page.readyState === "complete" && page.documentElement) {
      frame.style.height = page.documentElement.scrollHeight + 40 + "px";
    }
  };
  frame.addEventListener("load", fit);
  fit(); // the report may have loaded before this script ran
}

function checkUploadSize() {
  const input = document.getElementById("workbook");
  const message = document.getElementById("upload-error");
  if (!input || !message) {
    return;
  }
  input.form.addEventListener("submit", (event) => {
    const file = input.files[0];
    if (file && file.size > Number(input.dataset.maxBytes)) {
      event.preventDefault();
      message.textContent = input.dataset.tooLarge;
      message.hidden = false;
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const panel = document.getElementById("progress");
  if (panel) {
    pollProgress(panel);
  }
  mirrorSliders();
  fitReport();
  checkUploadSize();
});
