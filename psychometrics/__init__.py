"""Pure psychometric computation: the Rasch / partial credit model (irt), the adaptive exam (cat).

No Django import anywhere in this package: the Django layer loads item parameters and responses into
these functions (numpy arrays) and stores what they return.
"""
