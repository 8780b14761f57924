package io.clothify.training.data;

/** How a dataset is stored. */
public enum DatasetKind {
    /** One folder per class, the class name being the folder's name (clothing-dataset-small). */
    IMAGE_FOLDERS,
    /** The four IDX files of (Fashion-)MNIST, gzipped or not. */
    IDX
}
