// WebKit (WebKitGTK's MiniBrowser, Safari's engine) through WebKitWebDriver, under Xvfb.
import { engineSuite } from './checks.mjs';

engineSuite('webkit');
