import "../page.js";
