"""The demo office of design §10 (Yên Thế with two communes) and its printed tour."""
