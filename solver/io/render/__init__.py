"""Renderers: result objects in, text, HTML, XLSX, ICS and reports out. A renderer never
decides compliance; it shows what the jobs found."""
