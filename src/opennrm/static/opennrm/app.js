// Starts the GOV.UK and MOJ Frontend components on the page (progressive enhancement:
// every page works without this).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";
import "../vendor/accessible-autocomplete/accessible-autocomplete.min.js";

initAll();

// Long lists (nationality, local authority, police force, county or region) are plain
// <select> elements, which work without JavaScript. Here they become type-aheads: the
// <select> stays in the form, hidden, and is what gets submitted.
function enhanceLongLists() {
  const autocomplete = window.accessibleAutocomplete;
  if (!autocomplete) {
    return;
  }
  document.querySelectorAll("select[data-autocomplete]").forEach((select) => {
    const id = select.id;
    autocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: "",
      showAllValues: true,
    });
    const input = document.getElementById(id);
    if (!input) {
      return;
    }
    if (select.classList.contains("govuk-select--error")) {
      input.classList.add("app-autocomplete--error");
    }
    // Emptying the box empties the answer (the library only ever sets one).
    input.addEventListener("blur", () => {
      if (input.value.trim() === "") {
        select.value = "";
      }
    });
  });
}

enhanceLongLists();

// The session ends after a spell without activity. Shortly before that, bring up the
// warning page, which has a button to stay signed in (it works without JavaScript too: it
// is an ordinary page, linked from "Your account").
function warnBeforeSignOut() {
  const url = document.body.dataset.sessionWarningUrl;
  const after = Number(document.body.dataset.sessionWarningAfter);
  if (!url || !Number.isFinite(after) || after <= 0 || window.location.pathname === url) {
    return;
  }
  window.setTimeout(() => {
    const here = window.location.pathname + window.location.search;
    window.location.assign(`${url}?next=${encodeURIComponent(here)}`);
  }, after * 1000);
}

warnBeforeSignOut();
