// A modal confirmation: the browser's <dialog> keeps focus inside it and closes on Escape. The action runs on
// confirm; its error stays in the dialog, so nothing is half-done silently.
export function confirmAction({ title, text, confirm, fields = [], run }) {
  const dialog = document.getElementById("confirm");
  const form = document.getElementById("confirm-form");
  const error = document.getElementById("confirm-error");
  const ok = document.getElementById("confirm-ok");
  document.getElementById("confirm-title").textContent = title;
  document.getElementById("confirm-text").textContent = text;
  document.getElementById("confirm-fields").replaceChildren(...fields);
  error.textContent = "";
  ok.textContent = confirm;
  ok.disabled = false;

  return new Promise(resolve => {
    const submit = async event => {
      if (event.submitter?.value !== "ok") {
        return;
      }

      event.preventDefault();
      if (!form.reportValidity()) {
        return;
      }

      ok.disabled = true;
      try {
        await run();
        finish(true);
      } catch (e) {
        error.textContent = e.message;
        ok.disabled = false;
      }
    };
    const close = () => finish(false);
    const finish = result => {
      form.removeEventListener("submit", submit);
      dialog.removeEventListener("close", close);
      if (dialog.open) {
        dialog.close();
      }

      resolve(result);
    };
    form.addEventListener("submit", submit);
    dialog.addEventListener("close", close);
    dialog.showModal();
    (fields.find(f => f.tagName === "INPUT") ?? document.getElementById("confirm-cancel")).focus();
  });
}
