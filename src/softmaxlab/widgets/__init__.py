"""Live widgets for the notebooks, one module per notebook topic.

Every widget is an ``ipywidgets.VBox`` whose controls can be set from code, which is
how the tests drive them::

    w = SoftmaxExplorer([2.0, 1.0, 0.1])
    w.sliders[0].value = 3.0      # the figure and the readout update at once
"""
