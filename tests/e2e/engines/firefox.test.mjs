// Firefox ESR (Gecko, Debian's firefox-esr) through puppeteer-core over WebDriver BiDi.
import { engineSuite } from './checks.mjs';

engineSuite('firefox');
