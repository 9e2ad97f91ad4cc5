"""Records of the fund room (see ../shared/DESIGN.md, "The main records")."""
