// Enhancements only: every page works without this script.
import { initAll } from './{{govukFrontend}}'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
