/**
 * @nbgit/databricks: Databricks notebook source files (`# Databricks notebook source`,
 * `# COMMAND ----------`, `# MAGIC` lines), read and written, lossless with `{lossless: true}`.
 * Pure: no file system, process or console; works in a browser.
 */
export { type FromDatabricksOptions, fromDatabricks, isDatabricksSource, type ToDatabricksOptions, toDatabricks } from './databricks.js';
