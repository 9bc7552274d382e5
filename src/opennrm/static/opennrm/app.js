// Starts the GOV.UK and MOJ Frontend components on the page (progressive enhancement:
// every page works without this).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
