"""Training the learned part of extraction (``make train``).

data.py runs the rules over gold documents and labels each claim they emit from the gold;
fit.py fits the model and writes it as JSON; measure.py cross-validates it against the
rules alone and draws the learning curve; __main__.py is the command ``make train`` runs.
The model is applied by ``backers.extract.learned``.
"""
