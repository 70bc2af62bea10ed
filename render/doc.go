// Package render turns the loaded model into bytes: findings reports,
// markdown tables and values, Graphviz diagrams and HTML pages. It never
// reads or writes the disk.
package render
