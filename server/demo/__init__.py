"""The demo office of DESIGN §10 (Yên Thế with two communes) and its printed tour."""
