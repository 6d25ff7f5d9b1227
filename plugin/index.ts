import "./type-extensions";
import "./solc";
