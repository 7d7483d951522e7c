"""Places: the Arabic gazetteer index (`build`), its in-memory matcher (`index`) and the
shared name keys (`keys`). The `rasd_places` component in `rasd.extract.places` uses them."""
