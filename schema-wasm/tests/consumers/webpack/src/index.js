import "../../page.js";
