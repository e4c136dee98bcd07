// Chromium (Debian's, through playwright-core): the same checks as in Firefox and WebKit, so a
// difference between engines shows as one failing file.
import { engineSuite } from './checks.mjs';

engineSuite('chromium');
