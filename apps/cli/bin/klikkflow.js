#!/usr/bin/env node
// Stable entry for the `klikkflow` command: npm links it at install time, before the build writes dist/.
import '../dist/bin.js';
