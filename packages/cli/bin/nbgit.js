#!/usr/bin/env node
import { runMain } from '../dist/src/main.js';

runMain();
