// Progressive enhancement only: every page reads and works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Forms marked data-submit-once disable their buttons after the first submit (no double posts).
  // Disabled after the form's data is taken, so that the pressed button's name still goes with it.
  document.querySelectorAll("form[data-submit-once]").forEach((form) => {
    form.addEventListener("submit", () => {
      setTimeout(() => {
        form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
      }, 0);
    });
  });
  // A form sent back with errors: its summary at the top takes the focus, so the list of what to
  // correct is read first (the summary is also role="alert"); each entry links to its field.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // Selects marked data-autosubmit submit their form when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
