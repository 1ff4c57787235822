"""The catalogue's messages for a data folder that cannot be written (``disk``), a
request too large, and a solve over its memory limit."""

from __future__ import annotations

from solver.i18n.catalog import UI

UI.update({
    "web_disk_full": ("The server's disk is full: nothing was saved. Tell the server's "
                      "administrator; your change can be made again once there is room.",
                      "Le disque du serveur est plein : rien n'a été enregistré. Prévenez "
                      "l'administrateur du serveur ; la modification pourra être refaite "
                      "dès qu'il y aura de la place."),
    "web_disk_readonly": ("The server's data folder is read-only: nothing was saved. Tell "
                          "the server's administrator.",
                          "Le dossier de données du serveur est en lecture seule : rien "
                          "n'a été enregistré. Prévenez l'administrateur du serveur."),
    "web_disk_denied": ("The server may not write into its data folder: nothing was saved. "
                        "Tell the server's administrator.",
                        "Le serveur n'a pas le droit d'écrire dans son dossier de données : "
                        "rien n'a été enregistré. Prévenez l'administrateur du serveur."),
    "web_disk_error": ("The server could not write its data folder ({reason}): nothing "
                       "was saved. Tell the server's administrator.",
                       "Le serveur n'a pas pu écrire dans son dossier de données ({reason}) "
                       ": rien n'a été enregistré. Prévenez l'administrateur du serveur."),
    "web_body_too_large": ("What was sent is larger than the server accepts ({kib} KiB): "
                           "nothing was read. Send a smaller file.",
                           "L'envoi dépasse ce que le serveur accepte ({kib} Kio) : rien "
                           "n'a été lu. Envoyez un fichier plus petit."),
    "web_job_memory": ("This class needs more memory than a solve may use on this server "
                       "({mb} MiB): split the class, or ask the server's administrator to "
                       "raise serve --memory-limit.",
                       "Cette classe demande plus de mémoire qu'un calcul ne peut en utiliser "
                       "sur ce serveur ({mb} Mio) : découpez la classe, ou demandez à "
                       "l'administrateur du serveur d'augmenter serve --memory-limit."),
})
